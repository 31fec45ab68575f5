# mm/vma.c: vma_desc_complete(): failed page tables leave the memory type reserved
s/^\t\tuntrack_pfn(vma, action->remap.start_pfn, action->remap.size,$/\t\tif (0)\n\t\tuntrack_pfn(vma, action->remap.start_pfn, action->remap.size,/
