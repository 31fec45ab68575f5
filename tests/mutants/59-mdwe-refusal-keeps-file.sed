# mm/vma.c: mmap_region_flags(): an MDWE refusal after the hook returns without dropping the file the hook handed over
/^\tif (map_deny_write_exec(vm_flags, vm_flags)) {$/,/^\t}$/s/^\t\tgoto out;$/\t\treturn -EACCES;/
