# mm/vma.c: mmap_region_flags(): a failed action releases its reservation twice
s/^\t\taction_pending = false;$/\t\t(void)action_pending;/
