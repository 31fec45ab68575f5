# mm/vma_desc.c: mmap_action_check(): a simple I/O remap offset past the physical range is not refused
s/^\t\tif (pfn + avail < pfn || desc->pgoff > avail ||$/\t\tif (pfn + avail < pfn ||/
