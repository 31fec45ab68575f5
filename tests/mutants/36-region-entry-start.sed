# mm/vma.c: mmap_region_flags(): the desc's start on entry is not the requested address
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.start = addr,$/d}
