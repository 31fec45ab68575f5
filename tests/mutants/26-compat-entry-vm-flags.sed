# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's vm_flags on entry are not the VMA's
/^\t\t\.vm_flags = vma->vm_flags,$/d
