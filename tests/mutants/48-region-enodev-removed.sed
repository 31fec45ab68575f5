# mm/vma.c: mmap_region_flags(): operations without any mmap method (switched in since do_mmap() looked) no longer get -ENODEV
s/^\t} else if (file && !f_op->mmap) {$/\t} else if (0 \&\& file \&\& !f_op->mmap) {/
