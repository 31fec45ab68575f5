# mm/vma_desc.c: __compat_vma_mmap_prepare(): the hook's pgoff is not applied to the VMA
/^\tvma->vm_pgoff = desc.pgoff;$/d
