# mm/vma.c: mmap_region_flags(): the file the hook chose (desc.vm_file) is not the one mapped
/^\t\tfile = desc\.vm_file;$/d
