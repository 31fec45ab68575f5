# mm/vma.c: __mmap_region(): ->mapped() is not called for a VMA that ->mmap() set up
s/^\t\tif (vma_has_mapped(vma)) {$/\t\tif (0 \&\& vma_has_mapped(vma)) {/
