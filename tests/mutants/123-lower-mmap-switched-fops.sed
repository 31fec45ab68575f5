# mm/vma.c: mmap_region_prepare(): a lower file whose ->mmap() went away since the hook is mapped anyway
s/^\t\tif (f_op->mmap)$/\t\tif (1)/
