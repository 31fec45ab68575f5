# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's end on entry is not the VMA's
/^\t\t\.end = vma->vm_end,$/d
