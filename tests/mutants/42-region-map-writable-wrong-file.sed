# mm/vma.c: mmap_region_final(): mapping_map_writable()/mapping_unmap_writable() on desc->file instead of the file the hook chose (desc->vm_file)
s/^\t\terror = mapping_map_writable(file->f_mapping);$/\t\terror = mapping_map_writable((desc ? desc->file : file)->f_mapping);/
s/^\t\tmapping_unmap_writable(file->f_mapping);$/\t\tmapping_unmap_writable((desc ? desc->file : file)->f_mapping);/
