# mm/vma_desc.c: mmap_prepare_lower(): a lower ->mmap() is used although the VMA keeps the stacking file
s/^\t\tif (!map_lower || !f_op->mmap)$/\t\tif (!f_op->mmap)/
