# mm/vma.c: mmap_region_prepare(): the desc's page_prot on entry is not vm_get_page_prot() of the requested flags
/^\t\t\.page_prot = vm_get_page_prot(vm_flags),$/d
