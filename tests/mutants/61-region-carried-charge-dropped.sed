# mm/vma.c: __mmap_region(): patch 2 reverted: a failed MAP_FIXED mapping no longer hands the charge back to the pages it replaced
s/^\tvms\.nr_accounted += carried;$/\t(void)carried;/
