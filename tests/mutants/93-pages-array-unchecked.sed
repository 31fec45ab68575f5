# mm/vma_desc.c: mmap_action_violation(): a map-kernel-pages action without pages is accepted
s/^\t\tif (!action->map_kernel.pages)$/\t\tif (0 \&\& !action->map_kernel.pages)/
