# mm/vma.c: vma_desc_complete(): a failed insertion leaves the VMA in place
s/^\t\tif (unlikely(err)) {$/\t\tif (0 \&\& unlikely(err)) {/
