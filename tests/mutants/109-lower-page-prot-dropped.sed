# mm/vma_desc.c: mmap_prepare_lower(): the lower hook's page protection is not taken into the stacking descriptor
s/^\tdesc->page_prot = nested.page_prot;$/\t(void)nested.page_prot;/
