# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's mm on entry is not the VMA's
/^\t\t\.mm = vma->vm_mm,$/d
