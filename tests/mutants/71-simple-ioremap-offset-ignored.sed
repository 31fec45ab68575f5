# mm/vma_desc.c: mmap_action_check(): a simple I/O remap maps from the start of the range, whatever the offset
s/^\t\taction->remap.start_pfn = pfn + desc->pgoff;$/\t\taction->remap.start_pfn = pfn;/
