# mm/vma.c: mmap_region_flags(): operations without any mmap method (switched in since do_mmap() looked) no longer get -ENODEV
s/^\tif (file \&\& !f_op->mmap)$/\tif (0 \&\& file \&\& !f_op->mmap)/
