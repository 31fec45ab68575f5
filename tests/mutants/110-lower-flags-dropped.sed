# mm/vma_desc.c: mmap_prepare_lower(): the lower hook's flags are not taken into the stacking descriptor
s/^\tdesc->vm_flags = nested.vm_flags;$/\t(void)nested.vm_flags;/
