# mm/vma.c: mmap_region_flags(): the desc's vm_file on entry is not the file being mapped
/^\tstruct vm_area_desc desc = {$/,/^\t};$/{/^\t\t\.vm_file = file,$/d}
