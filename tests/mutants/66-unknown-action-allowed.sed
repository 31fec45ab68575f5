# mm/vma_desc.c: vma_desc_violation(): an action type past the last one is not refused as unknown
s/^\tif (unlikely(desc->action.type > MMAP_LOWER_MMAP))$/\tif (0 \&\& unlikely(desc->action.type > MMAP_LOWER_MMAP))/
