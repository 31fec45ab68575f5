# mm/vma_desc.c: mmap_action_check(): page frames that wrap around are not refused
s/^\t\tif (start_pfn + (action->remap.size >> PAGE_SHIFT) < start_pfn)$/\t\tif (0 \&\& start_pfn + (action->remap.size >> PAGE_SHIFT) < start_pfn)/
