# mm/vma.c: mmap_region_flags(): a lower file whose ->mmap() went away since the hook is mapped anyway
s/^\tif (file \&\& !prepared \&\& !f_op->mmap) {$/\tif (file \&\& !prepared \&\& !f_op->mmap \&\& !lower_cred) {/
