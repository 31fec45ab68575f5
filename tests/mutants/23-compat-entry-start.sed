# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's start on entry is not the VMA's
/^\t\t\.start = vma->vm_start,$/d
