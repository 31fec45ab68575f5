# mm/vma.c: mmap_region_flags(): the flags the mapping got are not returned to the caller (do_mmap() would not populate a mapping the hook locked)
s/^\t\t\*vm_flagsp = vm_flags;$/\t\t(void)vm_flagsp;/
