# mm/vma.c: mmap_region_flags(): the desc's pgoff on entry is not the requested offset
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.pgoff = pgoff,$/d}
