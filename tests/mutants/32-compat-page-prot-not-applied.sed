# mm/vma_desc.c: __compat_vma_mmap_prepare(): the hook's page_prot is not applied to the VMA
/^\tvma->vm_page_prot = desc.page_prot;$/d
