# mm/vma.c: mmap_region_prepare(): the file the hook chose (desc.vm_file) is not the one mapped
s/^\tret = mmap_region_final(desc.vm_file, addr, len, \&vm_flags, desc.pgoff,$/\tret = mmap_region_final(file, addr, len, \&vm_flags, desc.pgoff,/
