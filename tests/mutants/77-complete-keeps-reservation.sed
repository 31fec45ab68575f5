# mm/vma.c: mmap_action_complete(): failed page tables leave the memory type reserved
s/^\tuntrack_pfn(vma, action->remap.start_pfn, action->remap.size, true);$/\t(void)vma;/
