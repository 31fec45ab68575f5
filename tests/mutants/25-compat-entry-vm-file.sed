# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's vm_file on entry is not the VMA's
/^\t\t\.vm_file = vma->vm_file,$/d
