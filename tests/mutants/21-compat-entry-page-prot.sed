# mm/vma_desc.c: __compat_vma_mmap_prepare(): the desc's page_prot on entry is not the VMA's
/^\t\t\.page_prot = vma->vm_page_prot,$/d
