# mm/vma.c: mmap_region_final(): ksm_vma_flags() for anonymous memory only, not for ->mmap_prepare() mappings
s/^\tif (!file || desc)$/\tif (!file)/
