# mm/vma.c: mmap_action_prepare(): a copy-on-write mapping does not get the first frame as its offset
s/^\t\tdesc->pgoff = pfn;$/\t\t(void)pfn;/
