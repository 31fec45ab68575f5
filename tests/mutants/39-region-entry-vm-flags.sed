# mm/vma.c: mmap_region_flags(): the desc's vm_flags on entry are not the requested flags
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.vm_flags = vm_flags,$/d}
