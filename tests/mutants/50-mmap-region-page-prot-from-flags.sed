# mm/vma.c: __mmap_region(): a new VMA's page protection ignores the one the hook chose
s/^\tvma->vm_page_prot = desc ? desc->page_prot : vm_get_page_prot(vm_flags);$/\tvma->vm_page_prot = vm_get_page_prot(vm_flags);/
