# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's pgoff on entry is not the VMA's
/^\t\t\.pgoff = vma->vm_pgoff,$/d
