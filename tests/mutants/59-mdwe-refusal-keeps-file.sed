# mm/vma.c: mmap_region_prepare(): a refusal by the checks of the final flags (MDWE, arch_validate_flags()) or a failed mapping returns without dropping the file the hook handed over
/^\tif (IS_ERR_VALUE(ret)) {$/,/^\t}$/s/^\t\tgoto out;$/\t\treturn ret;/
