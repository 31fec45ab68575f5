# mm/vma.c: vma_merge_extend(): growing a VMA that ->mapped() set up merges the next VMA into it
s/^\t\tvmg.next = NULL;$/\t\t(void)vmg.next;/
