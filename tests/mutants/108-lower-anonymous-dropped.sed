# mm/vma_desc.c: mmap_prepare_lower(): the lower hook's anonymous memory is not taken into the stacking descriptor
s/^\tdesc->anonymous = nested.anonymous;$/\t(void)nested.anonymous;/
