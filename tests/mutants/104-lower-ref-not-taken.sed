# mm/vma_desc.c: mmap_prepare_lower(): no reference on the lower file handed over for the VMA
s/^\tif (nested.vm_file == lower \&\& map_lower \&\& desc->vm_file != lower)$/\tif (0 \&\& nested.vm_file == lower \&\& map_lower)/
