# mm/vma_desc.c: __compat_vma_mmap_prepare(): the VMA's old file is not put when the hook swapped in another
s/^\t\tfput(old);$/\t\t(void)old;/
