# mm/vma.c: mmap_region_flags(): the desc's mm on entry is not current->mm
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.mm = current->mm,$/d}
