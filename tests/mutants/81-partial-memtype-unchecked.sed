# mm/vma.c: mmap_action_prepare(): a partial range of frames of two memory types is accepted
s/^\t\t\tif (pgprot_val(page_prot) != pgprot_val(prot))$/\t\t\tif (0 \&\& pgprot_val(page_prot) != pgprot_val(prot))/
