# mm/vma.c: vma_desc_complete(): ->mapped() is not called
s/^\tif (ops \&\& ops->mapped) {$/\tif (0 \&\& ops \&\& ops->mapped) {/
