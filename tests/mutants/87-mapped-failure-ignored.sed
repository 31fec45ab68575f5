# mm/vma.c: vma_desc_complete(): a failing ->mapped() leaves the mapping in place
/^\tif (ops \&\& ops->mapped) {$/,/^\t}$/s/^\t\t\tgoto unmap;$/\t\t\terr = 0;/
