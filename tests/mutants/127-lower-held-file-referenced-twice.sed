# mm/vma_desc.c: mmap_prepare_lower(): a second reference to the lower file when the caller's VMA already holds it (leaked)
s/^\tif (nested.vm_file == lower \&\& map_lower \&\& desc->vm_file != lower)$/\tif (nested.vm_file == lower \&\& map_lower)/
