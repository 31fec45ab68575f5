# mm/vma_desc.c: mmap_prepare_lower(): the lower hook's action is not taken into the stacking descriptor
s/^\tdesc->action = nested.action;$/\t(void)nested.action;/
