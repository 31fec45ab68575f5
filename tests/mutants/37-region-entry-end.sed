# mm/vma.c: mmap_region_flags(): the desc's end on entry is not the end of the requested range
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.end = addr + len,$/d}
