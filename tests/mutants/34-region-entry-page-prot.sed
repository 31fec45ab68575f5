# mm/vma.c: mmap_region_flags(): the desc's page_prot on entry is not vm_get_page_prot() of the requested flags
/^\t\tdesc\.page_prot = vm_get_page_prot(vm_flags);$/d
