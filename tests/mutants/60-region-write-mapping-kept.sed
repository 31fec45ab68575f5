# mm/vma.c: mmap_region_final(): the write mapping taken for the checks is never cleared (i_mmap_writable leaks)
/^\t\/\* Clear our write mapping regardless of error. \*\/$/{n;s/^\tif (writable)$/\tif (0)/}
