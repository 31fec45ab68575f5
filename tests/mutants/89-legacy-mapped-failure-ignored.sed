# mm/vma.c: __mmap_region(): a failing ->mapped() after ->mmap() leaves the mapping in place
/^\t\tif (vma_has_mapped(vma)) {$/,/^\t\t}$/s/^\t\t\tif (error) {$/\t\t\tif (0 \&\& error) {/
