# mm/vma.c: mmap_region_flags(): an arch_validate_flags() refusal after the hook returns without dropping the file the hook handed over
/^\tif (!arch_validate_flags(vm_flags)) {$/,/^\t}$/s/^\t\tgoto out;$/\t\treturn -EINVAL;/
